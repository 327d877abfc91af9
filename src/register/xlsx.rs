//! The register as a spreadsheet (`verwerkingsregister.xlsx`), the form privacy officers and
//! auditors work in: a frozen, filterable heading row, wrapped text, fixed column widths.
//!
//! Written with rust_xlsxwriter. Its zip entries carry a fixed timestamp; the workbook's
//! creation time is set to the register's date, so the same answers give the same bytes.

use super::table::{COLUMNS, Table};
use crate::model::Date;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

/// Column widths in characters, in [`COLUMNS`] order.
const WIDTHS: [f64; COLUMNS.len()] = [
    28.0, 34.0, 34.0, 34.0, 26.0, 30.0, 34.0, 34.0, 34.0, 40.0, 24.0, 16.0, 36.0,
];

/// What the workbook's properties say.
pub struct Properties<'a> {
    /// The register's title, e.g. "Verwerkingsregister 2026 – OBS De Regenboog".
    pub title: &'a str,
    /// Who keeps it (the privacy officer).
    pub author: &'a str,
    /// The organisation.
    pub company: &'a str,
    /// The register's date.
    pub date: Date,
}

/// The workbook's bytes.
pub fn write(table: &Table, sheet: &str, props: &Properties) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(props.date.year).unwrap_or(2000),
        props.date.month,
        props.date.day,
    )?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(props.title)
            .set_author(props.author)
            .set_company(props.company)
            .set_creation_datetime(&created),
    );
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0x00DD_E6F0))
        .set_border(FormatBorder::Thin);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let ws = workbook.add_worksheet();
    ws.set_name(sheet)?;
    ws.set_landscape();
    for (c, (text, width)) in table.headings.iter().zip(WIDTHS).enumerate() {
        let c = u16::try_from(c).expect("13 columns");
        ws.write_string_with_format(0, c, text, &heading)?;
        ws.set_column_width(c, width)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, lines) in row.cells.iter().enumerate() {
            let c = u16::try_from(c).expect("13 columns");
            ws.write_string_with_format(r, c, lines.join("\n"), &cell)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(table.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    ws.autofilter(0, 0, last_row, (COLUMNS.len() - 1) as u16)?;
    workbook.save_to_buffer()
}
