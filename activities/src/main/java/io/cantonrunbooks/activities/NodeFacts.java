package io.cantonrunbooks.activities;

import java.util.List;

/**
 * What a runbook needs to know about a node: its identity, its version and where its worker is.
 *
 * @param node the node's name in the worker's inventory
 * @param participantUid the participant's unique id as reported by the node
 * @param version the Canton release the node reports, e.g. {@code 3.5.10}
 * @param taskQueue the task queue of the worker next to the node (files and backups go there)
 * @param connectedSynchronizers aliases of the synchronizers the node is connected to
 */
public record NodeFacts(
    String node, String participantUid, String version, String taskQueue, List<String> connectedSynchronizers) {}
