/**
 * Activity interfaces and the records they exchange with workflows: the only part of this module
 * that workflow code may see. Interfaces are named after the Canton console's groups and their
 * methods after its commands; each method says what it requires, whether it is safe to retry and
 * what it fails with. Implementations live in {@code io.cantonrunbooks.activities.impl}.
 */
package io.cantonrunbooks.activities;
