//! The register as CSV (`verwerkingsregister.csv`) for scripts: UTF-8 with a byte-order mark
//! (so that Excel reads the accents), semicolon-separated as Dutch spreadsheet settings
//! expect, a heading row, one row per activity; a cell of several lines keeps its line breaks
//! inside quotes (RFC 4180).

use super::table::Table;

/// The file's bytes.
pub fn write(table: &Table) -> Result<Vec<u8>, ::csv::Error> {
    let mut out = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(&table.headings)?;
    for row in &table.rows {
        out.write_record(row.cells.iter().map(|lines| lines.join("\n")))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
