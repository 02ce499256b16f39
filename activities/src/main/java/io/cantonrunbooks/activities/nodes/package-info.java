/**
 * The worker's node inventory: names mapped to endpoints, TLS material, token sources, task queues
 * and backup providers. Nothing here ever enters a workflow payload.
 */
package io.cantonrunbooks.activities.nodes;
