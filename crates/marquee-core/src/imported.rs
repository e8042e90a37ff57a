//! What reading a programme gives, whichever reader read it: Marquee's own
//! file format and every importer.

use crate::model::Programme;
use crate::problem::Problem;

/// A programme read from a source, with what the reader noticed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub programme: Programme,
    pub warnings: Vec<Problem>,
}
