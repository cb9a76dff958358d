package migratedb.assess;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** Refusals that come from the pre-migration assessment. */
public enum AssessTrouble implements Trouble {
    BLOCKING_FINDINGS(
            "The assessment found {count} blocking finding(s): {where}.",
            "Some source values or schema objects would be refused by SQL Server, or changed without notice; "
                    + "details, samples and the decision for each kind are in {report}.",
            "The migration did not start; nothing was written to the target.",
            "Fix the findings in PostgreSQL, or take the decision each one names (a type override in "
                    + "conf/type-mapping.properties, target.collation, copy.rejectPolicy=skip). Allowing a kind "
                    + "means: {allowing} {allow}"),
    UNKNOWN_ALLOW_KIND(
            "assess.allow names an unknown finding kind: {kind}.",
            "assess.allow takes the kinds of blocking findings as assessment.json writes them: {known}.",
            "Nothing was done.",
            "Correct assess.allow (comma-separated kinds), then try again."),
    KIND_NOT_ALLOWABLE(
            "assess.allow names {kind}, which cannot be allowed.",
            "Allowing it could not make the migration work: {why}",
            "Nothing was done.",
            "Remove {kind} from assess.allow and fix those findings as assessment.md describes them."),
    ;

    private final TroubleText text;

    AssessTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
