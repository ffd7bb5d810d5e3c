//! Programme queries of a loaded catalogue: gear claims, education events, ambassador
//! enrolment (the programmes themselves in `crate::programmes`).

use crate::eligibility::{evaluate, BenefitFacts, Decision};
use crate::profile::CourierProfile;
use crate::programmes::{
    check, eligibility_check, occurrence, status_of, Arg, CheckCode, ClaimPeriod, DateRange,
    EducationEvent, GearClaim, GearClaimDecision, Programmes, RegistrationDecision, NO_PROGRAMMES,
};
use crate::services::ServiceKind;
use crate::stations::{OpenState, QueryError};
use crate::time::{china_date, ChinaTime};
use crate::words::programmes as w;
use chrono::{Datelike, NaiveDate};

use super::Catalogue;

impl Catalogue {
    /// The programmes this catalogue runs (empty when it runs none).
    pub fn programmes(&self) -> &Programmes {
        self.document()
            .programmes
            .as_ref()
            .unwrap_or(&NO_PROGRAMMES)
    }

    fn rule_set_decision(
        &self,
        rule_set_id: &str,
        benefit: &str,
        profile: &CourierProfile,
        at: ChinaTime,
    ) -> Result<Decision, QueryError> {
        let products = self.products()?;
        let rule_set = products
            .rule_set_for(rule_set_id, china_date(&at))
            .ok_or_else(|| QueryError::NoRuleSetInEffect {
                id: rule_set_id.to_string(),
                date: china_date(&at),
            })?;
        let ctx = self.evaluation_context(at)?;
        let facts = BenefitFacts {
            id: benefit.to_string(),
            ..BenefitFacts::default()
        };
        Ok(evaluate(rule_set, &facts, profile, &ctx))
    }

    /// Decides a gear claim: item `gear_code` at station `station_id` at instant `at`, for a
    /// courier whose earlier claims are `history`.
    ///
    /// ```
    /// use waystation::{catalogue::Catalogue, profile::CourierProfile, programmes::ProgrammeStatus};
    /// let c = Catalogue::sample().unwrap();
    /// let courier = CourierProfile::from_json(r#"{"occupation": "express_courier",
    ///     "employer_code": "91370100MA3C7K1P71", "employment_start": "2025-01-01"}"#).unwrap();
    /// let at = chrono::DateTime::parse_from_rfc3339("2026-07-01T10:00:00+08:00").unwrap();
    /// let d = c.check_gear_claim("st-jinan-01", "sun_hat", &courier, &[], at).unwrap();
    /// assert_eq!(d.status, ProgrammeStatus::Approved);
    /// ```
    pub fn check_gear_claim(
        &self,
        station_id: &str,
        gear_code: &str,
        profile: &CourierProfile,
        history: &[GearClaim],
        at: ChinaTime,
    ) -> Result<GearClaimDecision, QueryError> {
        let rules = self
            .programmes()
            .gear_claims
            .as_ref()
            .ok_or(QueryError::NoProgramme {
                programme: "gear_claims",
            })?;
        let station = self.station(station_id)?;
        let gear = self
            .service(gear_code)
            .filter(|s| s.kind == ServiceKind::Gear)
            .ok_or_else(|| QueryError::UnknownService {
                code: gear_code.chars().take(64).collect(),
            })?;
        // Every claim of the history counts or is an error: an entry that names no gear of this
        // catalogue (`SUN_HAT`, ` sun_hat`) or that postdates the question would otherwise be
        // passed over, and the allowance granted again.
        for (index, claim) in history.iter().enumerate() {
            let entry = |field, message: String| QueryError::InvalidEntry {
                list: "history",
                index,
                field,
                message,
            };
            if !self
                .service(&claim.gear_code)
                .is_some_and(|s| s.kind == ServiceKind::Gear)
            {
                return Err(entry(
                    "gear_code",
                    format!(
                        "`{}` is not a gear code of this catalogue",
                        claim.gear_code.chars().take(64).collect::<String>()
                    ),
                ));
            }
            // A station that has left the catalogue may have handed the gear out: any id,
            // written as ids are.
            if claim.station_id.is_empty() || claim.station_id.trim() != claim.station_id {
                return Err(entry(
                    "station_id",
                    "a station id is neither empty nor padded with spaces".to_string(),
                ));
            }
            if claim.claimed_at > at {
                return Err(entry(
                    "claimed_at",
                    "a claim after the instant asked about (`at`)".to_string(),
                ));
            }
        }
        let date = china_date(&at);
        let eligibility = self.rule_set_decision(&rules.rule_set, "gear_claim", profile, at)?;
        let mut checks = vec![eligibility_check(&eligibility)];

        let serving = match &gear.theme {
            Some(theme) => station.theme_serving_on(theme, date),
            None => station.is_serving_on(date),
        };
        checks.push(check(
            CheckCode::StationServing,
            Some(serving),
            if serving {
                &w::PROGRAMME_STATION_SERVING
            } else {
                &w::PROGRAMME_STATION_NOT_SERVING
            },
            &[],
        ));
        let status = self.status_of(station, &at);
        let open = match status.state {
            OpenState::Open => Some(true),
            OpenState::Closed => Some(false),
            OpenState::Unknown => None,
        };
        checks.push(check(
            CheckCode::StationOpen,
            open,
            match open {
                Some(true) => &w::PROGRAMME_STATION_OPEN,
                Some(false) => &w::PROGRAMME_STATION_RESTING,
                None => &w::PROGRAMME_STATION_OPEN_UNKNOWN,
            },
            &[],
        ));
        let stock = station
            .gear_stock
            .get(gear_code)
            .copied()
            .unwrap_or(0)
            .max(0);
        checks.push(check(
            CheckCode::InStock,
            Some(stock > 0),
            &w::PROGRAMME_IN_STOCK,
            &[("stock", Arg::Plain(stock.to_string()))],
        ));

        let (period, next_start) = match &rules.period {
            ClaimPeriod::CalendarYear => {
                let y = date.year();
                (
                    NaiveDate::from_ymd_opt(y, 1, 1).zip(NaiveDate::from_ymd_opt(y, 12, 31)),
                    NaiveDate::from_ymd_opt(y + 1, 1, 1),
                )
            }
            ClaimPeriod::Season { season } => {
                match self.inner.doc.seasons.iter().find(|s| &s.code == season) {
                    Some(s) => occurrence(s.from, s.to, date),
                    None => (None, None),
                }
            }
        };
        checks.push(check(
            CheckCode::InClaimPeriod,
            Some(period.is_some()),
            match period {
                Some(_) => &w::PROGRAMME_CLAIM_PERIOD,
                None => &w::PROGRAMME_OUTSIDE_CLAIM_PERIOD,
            },
            &match period {
                Some((a, b)) => vec![("first", Arg::Date(a)), ("last", Arg::Date(b))],
                None => Vec::new(),
            },
        ));
        let mut next_claim_from = if period.is_none() { next_start } else { None };
        if let Some((first, last)) = period {
            let used = history
                .iter()
                .filter(|c| c.gear_code == gear_code)
                .filter(|c| {
                    let d = china_date(&c.claimed_at);
                    first <= d && d <= last
                })
                .count();
            let allowed = usize::try_from(rules.per_period).unwrap_or(0);
            let within = used < allowed;
            if !within {
                next_claim_from = next_start;
            }
            checks.push(check(
                CheckCode::WithinAllowance,
                Some(within),
                &w::PROGRAMME_WITHIN_ALLOWANCE,
                &[
                    ("used", Arg::Plain(used.to_string())),
                    ("allowed", Arg::Plain(allowed.to_string())),
                ],
            ));
        }
        Ok(GearClaimDecision {
            status: status_of(&checks),
            checks,
            eligibility,
            period: period.map(|(first, last)| DateRange { first, last }),
            next_claim_from,
            stock,
        })
    }

    /// Education events, optionally at one station, that overlap `from`–`to`, by start time.
    pub fn events_between(
        &self,
        station_id: Option<&str>,
        from: ChinaTime,
        to: ChinaTime,
    ) -> Result<Vec<&EducationEvent>, QueryError> {
        if from > to {
            return Err(QueryError::InvalidArgument {
                field: "to",
                message: "the end of the window is before its start (`from`)".to_string(),
            });
        }
        if let Some(id) = station_id {
            self.station(id)?;
        }
        let mut events: Vec<&EducationEvent> = self
            .programmes()
            .events
            .iter()
            .filter(|e| station_id.is_none_or(|id| e.station == id))
            .filter(|e| e.starts_at < to && e.ends_at > from)
            .collect();
        events.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.id.cmp(&b.id)));
        Ok(events)
    }

    /// Decides a registration for event `event_id` at instant `at`, given how many have
    /// registered so far and whether this courier already has.
    pub fn check_event_registration(
        &self,
        event_id: &str,
        profile: &CourierProfile,
        registered: i32,
        already_registered: bool,
        at: ChinaTime,
    ) -> Result<RegistrationDecision, QueryError> {
        if registered < 0 {
            return Err(QueryError::InvalidArgument {
                field: "registered",
                message: format!("must not be negative (got {registered})"),
            });
        }
        let event = self
            .programmes()
            .events
            .iter()
            .find(|e| e.id == event_id)
            .ok_or_else(|| QueryError::UnknownEvent {
                id: event_id.chars().take(64).collect(),
            })?;
        let eligibility = match &event.rule_set {
            Some(rs) => Some(self.rule_set_decision(rs, &event.id, profile, at)?),
            None => None,
        };
        let mut checks = Vec::new();
        if let Some(d) = &eligibility {
            checks.push(eligibility_check(d));
        }
        let closes = event.registration_closes_at.unwrap_or(event.starts_at);
        let open = at < closes;
        checks.push(check(
            CheckCode::RegistrationOpen,
            Some(open),
            if open {
                &w::PROGRAMME_REGISTRATION_OPEN
            } else {
                &w::PROGRAMME_REGISTRATION_CLOSED
            },
            &[("closes", Arg::Instant(closes))],
        ));
        // More registered than the event holds (overbooked, or a count from elsewhere) leaves
        // no seat: never a negative number of them.
        let seats_left = event.capacity.saturating_sub(registered).max(0);
        checks.push(check(
            CheckCode::SeatAvailable,
            Some(seats_left > 0),
            &w::PROGRAMME_SEATS_LEFT,
            &[
                ("left", Arg::Plain(seats_left.to_string())),
                ("capacity", Arg::Plain(event.capacity.to_string())),
            ],
        ));
        checks.push(check(
            CheckCode::NotYetRegistered,
            Some(!already_registered),
            if already_registered {
                &w::PROGRAMME_ALREADY_REGISTERED
            } else {
                &w::PROGRAMME_NOT_REGISTERED
            },
            &[],
        ));
        Ok(RegistrationDecision {
            status: status_of(&checks),
            checks,
            seats_left,
            eligibility,
        })
    }

    /// Whether a courier may enrol as a consumer-protection ambassador at `at`, per criterion.
    pub fn check_ambassador(
        &self,
        profile: &CourierProfile,
        at: ChinaTime,
    ) -> Result<Decision, QueryError> {
        let programme = self
            .programmes()
            .ambassador
            .as_ref()
            .ok_or(QueryError::NoProgramme {
                programme: "ambassador",
            })?;
        self.rule_set_decision(&programme.rule_set, "ambassador", profile, at)
    }
}
