/**
 * The testbed's public API: {@link io.cantonrunbooks.testbed.TestbedNetwork}, a simulated Canton
 * network whose participants serve the Admin and Ledger APIs over gRPC on loopback, and {@link
 * io.cantonrunbooks.testbed.TestbedServer}, the standalone launcher behind {@code runbook testbed}.
 */
package io.cantonrunbooks.testbed;
