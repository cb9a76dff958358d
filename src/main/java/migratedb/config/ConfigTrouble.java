package migratedb.config;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** Failures of reading the configuration and the command line. */
public enum ConfigTrouble implements Trouble {
    CONFIG_FILE_MISSING(
            "Configuration file {file} was not found.",
            "The path given with --config (or the default conf/database_params.conf) does not exist.",
            "Nothing was started and nothing was written to the target.",
            "Check the path, or run './run.sh setup' to create the file."),
    CONFIG_FILE_UNREADABLE(
            "Configuration file {file} cannot be read: {reason}.",
            "The file is not readable by this user or is not a valid properties file.",
            "Nothing was started and nothing was written to the target.",
            "Fix the file's permissions or syntax (key=value lines, # for comments)."),
    MALFORMED_SET(
            "The option --set {value} is malformed.",
            "--set takes key=value, for example --set target.database=PassTrix.",
            "Nothing was started and nothing was written to the target.",
            "Write the option as --set key=value; './run.sh --help' lists the commands, docs/configuration.md every key."),
    UNKNOWN_SETTING(
            "Unknown setting '{key}'{where}.",
            "MigrateDB does not know this key{suggestion}; a typo would otherwise silently run with a default.",
            "Nothing was started and nothing was written to the target.",
            "Correct the key; docs/configuration.md lists every key."),
    INVALID_VALUE(
            "Setting {key} has the invalid value '{value}'.",
            "{expected}",
            "Nothing was started and nothing was written to the target.",
            "Correct {key} {where}."),
    MISSING_VALUE(
            "Setting {key} is required {context}.",
            "{expected}",
            "Nothing was started and nothing was written to the target.",
            "Set {key} in {file}{alternative}."),
    SECRET_IN_SET(
            "The secret setting {key} cannot be given with --set.",
            "Command-line arguments are visible to every user of this machine in the process list, and stay in the "
                    + "shell's history.",
            "Nothing was started and nothing was written to the target; the value was neither stored nor logged.",
            "Set {key} in {file}{alternative}."),
    ;

    private final TroubleText text;

    ConfigTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
