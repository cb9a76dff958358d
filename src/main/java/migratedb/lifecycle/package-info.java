/**
 * A run's life as the operator controls it: the request to stop it early (Ctrl-C, SIGTERM, the console's Cancel)
 * and the interruption that follows. Below every working layer (copy, verify, the stages), which only look at it.
 */
package migratedb.lifecycle;
