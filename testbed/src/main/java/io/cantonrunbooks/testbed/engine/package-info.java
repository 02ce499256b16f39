/**
 * The simulation engine: a synchronizer that orders events, participants with their own offsets,
 * cursors, ACS history, topology views and clearances, and the alarms that fire when a procedure runs
 * in the wrong order. Plain Java, no gRPC; behaviour follows the project's canton-behaviour reference.
 */
package io.cantonrunbooks.testbed.engine;
