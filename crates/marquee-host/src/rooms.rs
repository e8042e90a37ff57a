//! Rooms as people name them: by name, in any case, or by id.

use marquee_core::Programme;
use marquee_core::model::RoomId;

use crate::error::HostError;

/// The room `name` names, by its name (any case) or its id.
pub fn find_room(programme: &Programme, name: &str) -> Result<RoomId, HostError> {
    let name = name.trim();
    programme
        .rooms
        .iter()
        .find(|room| room.id.as_str() == name || room.name.eq_ignore_ascii_case(name))
        .map(|room| room.id.clone())
        .ok_or_else(|| {
            let known = programme.rooms.iter().map(|room| room.name.clone());
            HostError::UnknownRoom {
                name: name.to_owned(),
                known: known.collect(),
            }
        })
}
