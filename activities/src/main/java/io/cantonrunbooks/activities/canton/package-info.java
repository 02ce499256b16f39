/**
 * The Canton participant client: one {@link io.cantonrunbooks.activities.canton.ParticipantClient}
 * per node, with command groups named like the Canton console, replies mapped to records of ours,
 * and failures classified by {@link io.cantonrunbooks.activities.canton.CantonErrors}.
 *
 * <p>Generated Canton proto types stay inside this package's implementation; nothing public here
 * exposes them.
 */
package io.cantonrunbooks.activities.canton;
