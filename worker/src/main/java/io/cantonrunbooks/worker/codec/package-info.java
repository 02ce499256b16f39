/**
 * Payload codecs: what the worker and the CLI do to every payload on its way to and from Temporal,
 * so that the Temporal server (and anyone reading its database) sees ciphertext only.
 */
package io.cantonrunbooks.worker.codec;
