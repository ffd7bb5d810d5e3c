package waystation.test;

import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.List;
import waystation.Catalogue;
import waystation.CatalogueInfo;
import waystation.Coordinate;
import waystation.Datum;
import waystation.NearbyQuery;
import waystation.NearbyStation;
import waystation.RolloutReport;
import waystation.WaystationException;
import waystation.WaystationKt;

/**
 * An Android app written in Java, calling the generated Kotlin: counts go in and come out as
 * {@code int} and {@code long} (Kotlin's {@code UInt} and {@code ULong} cannot be called from
 * Java), errors are checked exceptions ({@code @Throws}). Compiled with javac and run by test.sh.
 */
public final class JavaCallers {
    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    public static void main(String[] args) throws WaystationException {
        Instant at = OffsetDateTime.parse("2026-06-10T10:00:00+08:00").toInstant();
        Coordinate here = new Coordinate(36.6512, 117.1201, Datum.GCJ02);
        try (Catalogue c = Catalogue.Companion.sample()) {
            CatalogueInfo info = c.info();
            int stations = info.getStations();
            int outlets = info.getOutlets();
            check(stations == 38 && outlets > 0, "info: " + info);

            int limit = 3;
            NearbyQuery query = new NearbyQuery(here, at, List.of("charging"), null, limit, 50_000.0, true);
            List<NearbyStation> found = c.nearby(query);
            check(!found.isEmpty() && found.size() <= limit, "nearby: " + found);
            check(found.get(0).getDistanceM() >= 0.0, "distance");

            query.setLimit(-1);
            try {
                c.nearby(query);
                throw new AssertionError("a negative limit was accepted");
            } catch (WaystationException.InvalidInput e) {
                check(e.getPath().contains("limit"), "path: " + e.getPath());
            }

            RolloutReport report = c.rollout(at.atOffset(java.time.ZoneOffset.ofHours(8)).toLocalDate(), "little_bee");
            int remaining = report.getTotal().getRemaining();
            check(remaining >= 0, "remaining " + remaining);
        }
        String masked = WaystationKt.mask("37010219900307123X", 4, 4);
        check(masked.equals("3701**********123X"), masked);
        System.out.println("java callers: ok (int and long counts, exceptions)");
    }
}
