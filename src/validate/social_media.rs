//! The checks of an organisation's `social_media` answers (its code of conduct).

use super::*;

/// Checks an organisation profile's `id` and `social_media` answers (the code of conduct);
/// `text` is the file's YAML, used to locate fields. Without `social_media` nothing is checked.
pub fn social_media(
    path: &Path,
    text: &str,
    org: &crate::model::Organisation,
    platforms: &crate::knowledge::platforms::Platforms,
) -> Vec<Diagnostic> {
    use crate::model::social_media::PlatformUse;
    let mut c = Checker::new(path, text);
    let Some(sm) = &org.social_media else {
        return c.out;
    };
    match &org.id {
        None => c.error(
            "social_media",
            "the organisation has no `id`".into(),
            "add `id:` (lowercase letters, digits and hyphens, e.g. `obs-de-regenboog`): it names the folder of the code of conduct",
        ),
        Some(id) if !is_slug(id) => c.error(
            "id",
            format!("`{id}` is not a valid id"),
            "use lowercase letters, digits and hyphens, e.g. `obs-de-regenboog`",
        ),
        Some(_) => {}
    }
    if sm.review <= sm.date {
        c.error(
            "social_media.review",
            format!(
                "review date {} is not after the code's date {}",
                sm.review, sm.date
            ),
            "the evaluation comes after this version's date",
        );
    }
    if let (Some(consent), Some(adopted)) = (sm.council_consent, sm.adopted)
        && adopted < consent
    {
        c.warn(
            "social_media.adopted",
            format!("adopted on {adopted}, before the (G)MR consented on {consent}"),
            "the board adopts the code after the (G)MR has consented",
        );
    }
    for (field, value) in [
        ("social_media.version", &sm.version),
        ("social_media.approval", &sm.approval),
        ("social_media.consent.recorded_in", &sm.consent.recorded_in),
        ("social_media.consent.recorded_by", &sm.consent.recorded_by),
        ("social_media.consent.withdrawal", &sm.consent.withdrawal),
        (
            "social_media.smartphones.exceptions",
            &sm.smartphones.exceptions,
        ),
    ] {
        if value.trim().is_empty() {
            c.error(field, "must not be empty".into(), "");
        }
    }
    if sm.pupil_groups.is_empty() {
        c.error(
            "social_media.pupil_groups",
            "at least one pupil group is needed".into(),
            "e.g. `- {level: po, name: groep 1 tot en met 8, ages: [4, 12]}`",
        );
    }
    let mut levels = Vec::new();
    for (i, g) in sm.pupil_groups.iter().enumerate() {
        let [lo, hi] = g.ages;
        if lo > hi || hi > 120 {
            c.error(
                &format!("social_media.pupil_groups[{i}].ages"),
                format!("`[{lo}, {hi}]` are no ages"),
                "write `[youngest, oldest]`, ages from 0 to 120",
            );
        }
        if levels.contains(&g.level) {
            c.error(
                &format!("social_media.pupil_groups[{i}].level"),
                "this level is listed twice".into(),
                "one group per level; platforms name groups by level",
            );
        }
        levels.push(g.level);
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, p) in sm.platforms.iter().enumerate() {
        let at = |f: &str| format!("social_media.platforms[{i}].{f}");
        if platforms.get(&p.platform).is_none() {
            c.error(
                &at("platform"),
                format!("unknown platform `{}`", p.platform),
                &format!("one of: {}", platforms.ids().join(", ")),
            );
        }
        if seen.contains(&p.platform.as_str()) {
            c.error(&at("platform"), "listed twice".into(), "");
        }
        seen.push(&p.platform);
        if p.uses.is_empty() {
            c.error(
                &at("uses"),
                "no use given".into(),
                "one or more of school-channel, in-class, parent-communication, pupil-communication",
            );
        }
        let by_pupils = p
            .uses
            .iter()
            .any(|u| matches!(u, PlatformUse::InClass | PlatformUse::PupilCommunication));
        if by_pupils && p.groups.is_empty() {
            c.error(
                &at("groups"),
                "pupils use this platform, but no group is named".into(),
                "name the levels of the pupil groups that use it, e.g. `groups: [vo-onderbouw]`",
            );
        }
        if !by_pupils && !p.groups.is_empty() {
            c.warn(
                &at("groups"),
                "groups are named, but no use by pupils (in-class, pupil-communication)".into(),
                "",
            );
        }
        for (gi, level) in p.groups.iter().enumerate() {
            if !levels.contains(level) {
                c.error(
                    &format!("social_media.platforms[{i}].groups[{gi}]"),
                    "no pupil group of this level".into(),
                    "add the group to `social_media.pupil_groups` or remove it here",
                );
            }
        }
    }
    c.out
}
