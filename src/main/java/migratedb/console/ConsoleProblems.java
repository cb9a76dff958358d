package migratedb.console;

import java.util.Map;

/** The Setup form's values that cannot be saved, by setting key, each with what is expected (400). */
final class ConsoleProblems extends RuntimeException {
    private final Map<String, String> problems;

    ConsoleProblems(Map<String, String> problems) {
        super("The set-up was not saved: correct the values named.");
        this.problems = Map.copyOf(problems);
    }

    Map<String, String> problems() {
        return problems;
    }
}
