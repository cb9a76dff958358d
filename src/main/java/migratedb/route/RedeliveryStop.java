package migratedb.route;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.spi.ShutdownPrepared;
import org.apache.camel.support.service.ServiceHelper;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A stopped run is not kept alive by Camel's redelivery. When the run's stop is requested, the error handlers of its
 * working routes are told to prepare for shutdown, as Camel's own shutdown tells them: a redelivery waiting in its
 * back-off ends within a second and none starts (with {@code allowRedeliveryWhileStopping(false)}, see
 * {@link ErrorHandlingConfiguration}). The routes that write the failure and the report (migrate, troubleshooting,
 * run-state) keep working: the context itself is not stopped.
 */
final class RedeliveryStop {
    private static final Set<String> KEEP_WORKING = Set.of("migrate", "troubleshooting", "report", "run-state-runs",
            "run-state-progress");

    private RedeliveryStop() {
    }

    static void prepare(CamelContext context) {
        if (context == null) {
            return; // not started yet: nothing to redeliver
        }
        for (Route route : context.getRoutes()) {
            if (KEEP_WORKING.contains(route.getRouteId())) {
                continue;
            }
            Set<Service> services = new LinkedHashSet<>(route.getServices());
            if (route.getProcessor() instanceof Service s) {
                services.add(s);
            }
            for (Service service : services) {
                for (Service child : ServiceHelper.getChildServices(service, true)) {
                    // error handlers only: a consumer prepared for shutdown would refuse the route's next exchange
                    if (child instanceof ShutdownPrepared prepared && !(child instanceof Consumer)) {
                        prepared.prepareShutdown(false, false);
                    }
                }
            }
        }
    }
}
