/**
 * The migration window: a local web console (./run.sh console) for Setup, Test, Assess, Migrate and Resume with
 * live status, served by MigrateDB itself on 127.0.0.1 through Camel's REST DSL on platform-http (Vert.x). It calls
 * the same code as the commands; the command line supplies the run itself ({@link migratedb.console.RunLauncher}).
 */
package migratedb.console;
