package migratedb.route;

import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.copy.CopyEngine;
import migratedb.ops.RunStateQueries;
import migratedb.pipeline.KeySetupStage;
import migratedb.pipeline.PreflightStage;
import migratedb.pipeline.ReportStage;
import migratedb.pipeline.SchemaStage;
import migratedb.pipeline.VerifyStage;
import migratedb.sink.KeyNames;
import migratedb.sink.h2.H2Dialect;
import migratedb.sink.h2.H2KeyManagement;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.OtherwiseDefinition;
import org.apache.camel.model.OutputNode;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SplitDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.model.CatchDefinition;
import org.apache.camel.model.TryDefinition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's design diagram names routes that exist: every word outside parentheses in it is the id of a route of
 * the running pipeline (built exactly as a run builds it).
 */
class DesignDiagramTest {
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z:-]*");

    @Test
    void everyRouteIdInTheReadmeDiagramIsARouteOfTheRunningPipeline() throws Exception {
        Set<String> named = diagramIds(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        assertTrue(named.containsAll(Set.of("preflight", "key-setup", "schema", "copy", "finalize", "verify",
                "report")), "the diagram names every stage: " + named);

        Set<String> running;
        try (CamelContext context = pipeline()) {
            running = context.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
        }

        Set<String> missing = new LinkedHashSet<>(named);
        missing.removeAll(running);
        assertTrue(missing.isEmpty(), "the README's diagram names routes that do not exist: " + missing
                + " (the pipeline's routes: " + running + ")");

        // and the other way: the diagram names every route, except the route a retried step's attempt runs in
        Set<String> unnamed = running.stream().filter(id -> !named.contains(id))
                .filter(id -> !(id.endsWith("-attempt") && named.contains(id.substring(0, id.length() - 8))))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertTrue(unnamed.isEmpty(), "routes the README's diagram does not name: " + unnamed);
    }

    /**
     * Every node of every route has an id of its own (the route log, a failure's route history and the console name
     * them), except the structural ones that only hold others (choice, when/otherwise, try/catch, split, filter) and
     * the error handling a route takes from its route configuration.
     */
    @Test
    void everyWorkingNodeOfThePipelineHasAnExplicitId() throws Exception {
        List<String> without = new ArrayList<>();
        try (CamelContext context = pipeline()) {
            for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
                assertTrue(route.hasCustomIdAssigned(), "a route without an explicit id: " + route);
                collectWithoutId(route.getRouteId(), route.getOutputs(), without);
            }
        }
        assertTrue(without.isEmpty(), "nodes without an explicit id: " + without);
    }

    private static void collectWithoutId(String route, List<?> nodes, List<String> out) {
        for (Object node : nodes) {
            if (node instanceof OnExceptionDefinition) {
                continue; // a route configuration's (error-channel, copy-retries, stage-retries), copied into routes
            }
            OptionalIdentifiedDefinition<?> definition = (OptionalIdentifiedDefinition<?>) node;
            boolean structural = node instanceof ChoiceDefinition || node instanceof WhenDefinition
                    || node instanceof OtherwiseDefinition || node instanceof TryDefinition
                    || node instanceof CatchDefinition || node instanceof SplitDefinition
                    || node instanceof FilterDefinition;
            if (!structural && !definition.hasCustomIdAssigned()) {
                out.add(route + ": " + definition.getShortName() + " " + definition.getLabel());
            }
            if (node instanceof ChoiceDefinition choice) {
                collectWithoutId(route, choice.getWhenClauses(), out);
                if (choice.getOtherwise() != null) {
                    collectWithoutId(route, List.of(choice.getOtherwise()), out);
                }
            } else if (node instanceof OutputNode parent) {
                collectWithoutId(route, parent.getOutputs(), out);
            } else if (node instanceof ProcessorDefinition<?> parent) {
                collectWithoutId(route, parent.getOutputs(), out);
            }
        }
    }

    /** The pipeline's routes, built exactly as a run builds them, in a started context. */
    private static CamelContext pipeline() throws Exception {
        CamelContext context = new DefaultCamelContext();
        // the run-state routes' jdbc: endpoint needs a data source (a run binds the target's); never connected here
        context.getRegistry().bind(RunStateRoute.DATA_SOURCE, new org.h2.jdbcx.JdbcDataSource());
        PipelineServices services = new PipelineServices(new PreflightStage(), new KeySetupStage(),
                new SchemaStage(), new CopyEngine(() -> null), new VerifyStage(), new ReportStage(),
                new TroubleshootingLog(Home.logs()), PipelineRuntime.options(Settings.of(Map.of())),
                new PipelineServices.Workers());
        for (RoutesBuilder routes : PipelineRuntime.routes(services, new RunStateQueries(
                new H2Dialect(new H2KeyManagement(new KeyNames("db", "", ""))), "dbo"))) {
            context.addRoutes(routes);
        }
        context.start();
        return context;
    }

    /** The words outside parentheses of the first code block of the Design section, direct: taken off. */
    static Set<String> diagramIds(String readme) {
        String design = readme.substring(readme.indexOf("\n## Design"));
        int open = design.indexOf("```");
        String diagram = design.substring(design.indexOf('\n', open) + 1, design.indexOf("```", open + 3));
        StringBuilder outside = new StringBuilder();
        int depth = 0;
        for (char c : diagram.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0) {
                outside.append(c);
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = WORD.matcher(outside);
        while (m.find()) {
            String word = m.group().replaceAll(":$", "");
            ids.add(word.startsWith("direct:") ? word.substring("direct:".length()) : word);
        }
        return ids;
    }
}
