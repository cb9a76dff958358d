package migratedb.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import migratedb.ops.ConnectionTest;
import migratedb.ops.OpsTrouble;
import migratedb.pipeline.Command;
import migratedb.troubleshoot.MigrationException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's HTTP face, in Camel's REST DSL on platform-http: every verb has its id and goes to a direct route
 * that calls {@link ConsoleService}, which runs the commands' own code. JSON in and out through Jackson; the page,
 * its style and its script are static resources. Refusals and failures become a status code and a JSON body with the
 * troubleshooting entry (error · cause · effect · solution), never a stack trace and never a secret.
 */
final class ConsoleRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.console");
    private static final String RESOURCES = "/migratedb/console/";

    private final ConsoleService service;

    ConsoleRoutes(ConsoleService service) {
        this.service = service;
    }

    @Override
    public void configure() {
        onException(ConsoleRefused.class).handled(true)
                .process(e -> refuse(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, ConsoleRefused.class))).id("console-refused");
        onException(ConsoleProblems.class).handled(true)
                .process(this::problems).id("console-problems");
        onException(JsonProcessingException.class).handled(true)
                .process(e -> reply(e, 400, Map.of("error", "The request's JSON cannot be read: "
                        + e.getProperty(Exchange.EXCEPTION_CAUGHT, JsonProcessingException.class).getOriginalMessage())))
                .id("console-bad-json");
        onException(Exception.class).handled(true)
                .process(this::failed).id("console-failed");

        restConfiguration().component("platform-http").bindingMode(RestBindingMode.json)
                .dataFormatProperty("moduleClassNames", "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule")
                .dataFormatProperty("disableFeatures", "WRITE_DATES_AS_TIMESTAMPS");

        rest("/api")
                .get("/status").id("api-status").to("direct:console-status")
                .get("/setup").id("api-setup-form").to("direct:console-setup-form")
                .post("/setup").id("api-setup-save").type(SetupRequest.class).to("direct:console-setup-save")
                .post("/test").id("api-test").to("direct:console-test")
                .post("/assess").id("api-assess").type(AllowRequest.class).to("direct:console-assess")
                .post("/migrate").id("api-migrate").type(AllowRequest.class).to("direct:console-migrate")
                .post("/resume").id("api-resume").to("direct:console-resume")
                .post("/cancel").id("api-cancel").to("direct:console-cancel")
                .get("/notices").id("api-notices").to("direct:console-notices")
                .post("/notices/{id}/ack").id("api-notice-ack").to("direct:console-notice-ack")
                .get("/excluded").id("api-excluded").to("direct:console-excluded")
                .get("/excluded/export").id("api-excluded-export").bindingMode(RestBindingMode.off)
                    .to("direct:console-excluded-export")
                // the upload is the file itself, not JSON: the answer is written as JSON by the route
                .post("/excluded/import").id("api-excluded-import").bindingMode(RestBindingMode.off)
                    .consumes("application/octet-stream").to("direct:console-excluded-import");

        rest()
                .get("/").id("page").bindingMode(RestBindingMode.off).to("direct:console-page")
                .get("/console.css").id("page-style").bindingMode(RestBindingMode.off).to("direct:console-style")
                .get("/console.js").id("page-script").bindingMode(RestBindingMode.off).to("direct:console-script");

        api("status", e -> e.getMessage().setBody(service.status(e.getMessage().getHeader("logAfter", 0L,
                Long.class))));
        api("setup-form", e -> e.getMessage().setBody(service.setupForm()));
        api("setup-save", e -> e.getMessage().setBody(service.saveSetup(e.getMessage().getBody(SetupRequest.class))));
        api("test", e -> e.getMessage().setBody(service.test()));
        api("assess", e -> e.getMessage().setBody(service.assess(e.getMessage().getBody(AllowRequest.class))));
        api("migrate", e -> accepted(e, service.start(Command.MIGRATE, e.getMessage().getBody(AllowRequest.class))));
        api("resume", e -> accepted(e, service.start(Command.RESUME, null)));
        api("cancel", e -> accepted(e, service.cancel()));
        api("notices", e -> e.getMessage().setBody(Map.of("notices", service.notices())));
        api("notice-ack", e -> e.getMessage().setBody(service.acknowledge(e.getMessage().getHeader("id",
                String.class))));
        api("excluded", e -> e.getMessage().setBody(service.excluded()));
        api("excluded-export", this::download);
        api("excluded-import", e -> json(e, service.importFile(e.getMessage().getMandatoryBody(
                InputStream.class), e.getMessage().getHeader("fileName", String.class),
                e.getMessage().getHeader("table", String.class))));
        api("page", e -> resource(e, "index.html", "text/html; charset=utf-8"));
        api("style", e -> resource(e, "console.css", "text/css; charset=utf-8"));
        api("script", e -> resource(e, "console.js", "text/javascript; charset=utf-8"));
    }

    /**
     * A route behind a REST verb: the call, then the request's headers dropped, so that nothing the request carried
     * (its token, its cookie) is written back as a response header.
     */
    private void api(String name, Processor call) {
        from("direct:console-" + name).routeId("console-" + name)
                .process(call).id("console-" + name + "-call")
                .removeHeaders("*", Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE, "Content-Disposition")
                .id("console-" + name + "-reply");
    }

    private static void accepted(Exchange e, Object body) {
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        e.getMessage().setBody(body);
    }

    private void download(Exchange e) {
        ConsoleService.Download d = service.export(e.getMessage().getHeader("table", String.class),
                e.getMessage().getHeader("format", String.class));
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, d.contentType());
        e.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + d.fileName()
                .replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        e.getMessage().setBody(d.bytes());
    }

    private static void resource(Exchange e, String name, String type) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's resource " + name + " is missing from the build");
            }
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
            e.getMessage().setBody(in.readAllBytes());
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    private static void refuse(Exchange e, ConsoleRefused r) {
        reply(e, r.status(), Map.of("error", r.getMessage()));
    }

    private void problems(Exchange e) {
        ConsoleProblems p = e.getProperty(Exchange.EXCEPTION_CAUGHT, ConsoleProblems.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", p.getMessage());
        body.put("problems", p.problems());
        reply(e, 400, body);
    }

    /** A refusal or failure of the work itself: its troubleshooting entry, the settings' secrets masked. */
    private void failed(Exchange e) {
        Throwable t = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Map<String, String> failure = service.redacted(ConnectionTest.failure(t));
        boolean known = t instanceof MigrationException;
        if (!known) {
            LOG.warn("The console's request failed: {}", failure.get("error"), t);
        }
        int status = !known ? 500 : ((MigrationException) t).trouble() == OpsTrouble.RUN_IN_PROGRESS ? 409 : 400;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", failure.get("error"));
        body.put("failure", failure);
        reply(e, status, body);
    }

    private static void json(Exchange e, Object body) throws JsonProcessingException {
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getMessage().setBody(ERRORS.writeValueAsBytes(body));
    }

    /**
     * An error answer, written as JSON here: the REST binding leaves an answer with an error status as it is
     * (skipBindingOnErrorCode).
     */
    private static void reply(Exchange e, int status, Map<String, ?> body) {
        e.getMessage().removeHeaders("*");
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            e.getMessage().setBody(ERRORS.writeValueAsBytes(body));
        } catch (JsonProcessingException unwritable) {
            e.getMessage().setBody("{\"error\":\"the answer could not be written\"}");
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper ERRORS = new com.fasterxml.jackson.databind.ObjectMapper();
}
