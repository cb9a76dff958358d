package migratedb.console;

import java.util.List;

/** The blocking finding kinds the administrator allows for this assessment or migration (assess.allow). */
record AllowRequest(List<String> allow) {
}
