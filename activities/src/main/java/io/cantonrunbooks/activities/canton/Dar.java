package io.cantonrunbooks.activities.canton;

/**
 * A DAR uploaded to a participant.
 *
 * @param mainPackageId the main package id, which also identifies the DAR
 */
public record Dar(String mainPackageId, String name, String version, String description) {}
