// A small typed usage of the package, checked with `tsc --noEmit` (strict): it must compile
// without casts, and the wrong uses at the bottom must be rejected.
import {
  Catalogue, convertCoordinate, distanceM, validateResidentId,
  type Coordinate, type NearbyQuery, type NearbyStation, type StationStatus, type MatchResult,
  type CourierProfile, type Decision, type WaystationError, type RolloutReport, type DayKind,
  type OpenStatus, type OpeningHoursRecord, type ResidentIdInfo, type GearClaimDecision,
  type EducationEvent, type ValidationIssue, type TrustedKey, type VerifiedBundle,
  type BundleMetadata, verifyBundle, describeStatus, type SpecialDay,
} from "waystation";
import { parseOpeningHours } from "waystation/node";

const catalogue: Catalogue = Catalogue.sample();
const compactBytes: Uint8Array = catalogue.toCompact();
const fromCompact: Catalogue = Catalogue.fromCompact(compactBytes);
const here: Coordinate = { lat: 36.6512, lon: 117.1201, datum: "gcj02" };
const query: NearbyQuery = { position: here, at: new Date(), needs: ["charging"], limit: 5, radiusM: 3000 };
const found: NearbyStation[] = catalogue.nearby(query);
for (const s of found) {
  const metres: number = s.distanceM;
  const next: string | undefined = s.status.nextChange?.at;
  console.log(s.nameEn, metres.toFixed(0), s.status.state === "open", next, s.location.datum);
}
const status: StationStatus = catalogue.stationStatus("st-jinan-01", "2026-06-10T10:00:00+08:00");
const stage: string | null = status.stage;
const special: SpecialDay | null = status.specialDay;
const words: string = catalogue.describeStationStatus("st-jinan-01", new Date(), "en");
const same: string = describeStatus(status, "2026-06-10T10:00:00+08:00", "zh-CN");
console.log(special?.name.zh, words, same);
const report: RolloutReport = catalogue.rollout("2026-06-01", "little_bee");
const coverage: number = report.total.themeCoverage;
const kind: DayKind = catalogue.dayKind("2026-02-14");
const hours: OpeningHoursRecord = parseOpeningHours("Mo-Fr 09:00-17:00");
const open: OpenStatus = catalogue.openingHoursStatus(hours, new Date());
const wgs: Coordinate = convertCoordinate(here, "wgs84");
const d: number = distanceM(here, wgs);
const id: ResidentIdInfo = validateResidentId("11010519491231002X");
const profile: CourierProfile = {
  occupation: "express_courier", kycLevel: "verified", needs: ["save"],
  riskAssessment: { grade: "c2", assessedAt: "2026-03-20T15:30:00+08:00" },
};
const result: MatchResult = catalogue.matchProducts(profile, new Date(), { personalised: false });
const firstRank: number | undefined = result.recommended[0]?.rank;
const decision: Decision = catalogue.checkProduct("courier_debit_card", profile, new Date());
const hint: string | undefined = decision.hints[0]?.message.en;
const claim: GearClaimDecision = catalogue.checkGearClaim("st-jinan-01", "sun_hat", profile, [], new Date());
const events: EducationEvent[] = catalogue.eventsBetween(null, new Date(), "2027-01-01T00:00:00+08:00");
console.log(claim.status, claim.period?.first, events[0]?.titleZh);
const issues: ValidationIssue[] = catalogue.checkRuleSet('{"id": "r", "version": "1", "rules": []}');
const firstError: boolean = issues.some((i) => i.severity === "error" && i.code === "impossible_range");
const trusted: TrustedKey[] = [{ keyId: "bank-2026a", publicKey: "base64…" }];
declare const bytes: Uint8Array;
try {
  const verified: VerifiedBundle = verifyBundle(bytes, trusted, 41, new Date());
  const meta: BundleMetadata = verified.metadata;
  const next: number = meta.version;
  const fresh: Catalogue = verified.catalogue;
  console.log(next, meta.expiresAt, fresh.version, firstError);
  fresh.free();
} catch (e) {
  const err = e as WaystationError;
  if (err.code === "invalid_input" && err.path === "bundle.version") console.log("rollback refused");
  if (err.code === "not_found" && err.kind === "trusted_key") console.log("untrusted key", err.id);
}
try {
  catalogue.stationStatus("nope", new Date());
} catch (e) {
  const err = e as WaystationError;
  if (err.code === "not_found") console.log(err.kind, err.id);
  if (err.code === "invalid_input") console.log(err.path, err.problems?.length);
}
console.log(stage, coverage, kind, open.open, d, id.masked, firstRank, hint);
catalogue.free();

// @ts-expect-error: the datum is required
convertCoordinate({ lat: 1, lon: 2 }, "wgs84");
// @ts-expect-error: not a datum
convertCoordinate(here, "mars");
// @ts-expect-error: unknown occupation
const bad: CourierProfile = { occupation: "pilot" };
// @ts-expect-error: distanceM is a number, not a string
const s: string = found[0]!.distanceM;
// @ts-expect-error: trusted keys are records, not bare strings
verifyBundle(bytes, ["bank-2026a"], 41, new Date());
// @ts-expect-error: the bundle is bytes, not base64 text
verifyBundle("V1NCVU5ETEU=", trusted, 41, new Date());
// @ts-expect-error: a validation issue's severity is "error" | "warning"
const sev: ValidationIssue["severity"] = "fatal";
console.log(bad, s, sev);
