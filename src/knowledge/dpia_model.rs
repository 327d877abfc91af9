//! The points of the Model DPIA Rijksdienst that the full DPIA follows, in order, with their
//! titles in Dutch and English and the edition they were checked against (`data/dpia-model.yaml`).

use serde::{Deserialize, Serialize};

/// The model: its source, its four parts and its seventeen points.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DpiaModel {
    /// The edition the titles come from.
    pub source: Source,
    /// Parts A–D.
    pub parts: Vec<Part>,
    /// Points 1–17, in order.
    pub points: Vec<Point>,
}

/// The edition of the model.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Source {
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: String,
    /// Where it can be read.
    pub url: String,
}

/// A part of the model.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Part {
    /// `a`–`d`.
    pub id: String,
    /// Dutch title.
    pub nl: String,
    /// English title.
    pub en: String,
}

/// A point of the model.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Point {
    /// 1–17.
    pub number: u8,
    /// The part it belongs to.
    pub part: String,
    /// Dutch title.
    pub nl: String,
    /// English title.
    pub en: String,
}

impl DpiaModel {
    /// Parses `data/dpia-model.yaml`: four parts and seventeen points numbered in order.
    pub fn parse(text: &str) -> Result<DpiaModel, String> {
        let model: DpiaModel =
            serde_saphyr::from_str(text).map_err(|e| format!("data/dpia-model.yaml: {e}"))?;
        let numbered = model
            .points
            .iter()
            .enumerate()
            .all(|(i, p)| usize::from(p.number) == i + 1);
        if model.parts.len() != 4 || model.points.len() != 17 || !numbered {
            return Err("data/dpia-model.yaml: expected 4 parts and points 1–17 in order".into());
        }
        Ok(model)
    }
}
