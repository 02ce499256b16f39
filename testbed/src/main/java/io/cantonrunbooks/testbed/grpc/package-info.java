/**
 * The gRPC layer: one server pair per participant serving Canton's services (and the testbed control
 * service) on top of the engine, with Canton-shaped errors and the ACS snapshot format.
 */
package io.cantonrunbooks.testbed.grpc;
