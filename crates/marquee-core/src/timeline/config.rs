//! What one screen shows: which rooms, which scenes, for how long each.

use crate::model::RoomId;

/// A kind of scene: an entry of a screen's rotation, and what a screen
/// reports it shows (the `kind` of its scene).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SceneKind {
    /// What is on now in every room, eight rooms a page.
    Now,
    /// One scene per session running now: its speakers, time and links.
    Session,
    /// The next session of each room.
    UpNext,
    /// What else is on later today.
    LaterToday,
    /// The day's situation when nothing is on: before, between, after.
    Situation,
    /// The announcements on now, one scene each.
    Announcement,
    /// The sponsors, a page of one tier a rotation.
    Sponsors,
    /// The emergency message, shown alone in place of any rotation.
    Emergency,
    /// No scene: the screen explains why it has no programme to show.
    Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SceneSpec {
    pub kind: SceneKind,
    pub seconds: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenConfig {
    /// The rooms this screen covers, e.g. the one it hangs outside; all when empty.
    pub rooms: Vec<RoomId>,
    /// The rotation, in order; scenes with nothing to show are skipped.
    pub scenes: Vec<SceneSpec>,
}

/// Rooms per page of the "now" scene.
pub const ROOMS_PER_PAGE: usize = 8;

impl Default for ScreenConfig {
    fn default() -> Self {
        let scene = |kind, seconds| SceneSpec { kind, seconds };
        Self {
            rooms: Vec::new(),
            scenes: vec![
                scene(SceneKind::Now, 15),
                scene(SceneKind::Session, 12),
                scene(SceneKind::Announcement, 12),
                scene(SceneKind::UpNext, 12),
                scene(SceneKind::LaterToday, 12),
                scene(SceneKind::Sponsors, 10),
                scene(SceneKind::Situation, 15),
            ],
        }
    }
}

impl ScreenConfig {
    /// The same rotation with every scene shown `factor` times as long: on a
    /// clock that runs fast, scenes still last as long in real time.
    pub fn with_scenes_slowed(mut self, factor: u32) -> Self {
        for scene in &mut self.scenes {
            scene.seconds = scene.seconds.saturating_mul(factor.max(1));
        }
        self
    }

    /// The same rotation with every scene shown for `seconds`.
    pub fn with_scene_seconds(mut self, seconds: u32) -> Self {
        for scene in &mut self.scenes {
            scene.seconds = seconds.max(1);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slowed_rotation_keeps_its_order_and_lengthens_each_scene() {
        let config = ScreenConfig::default()
            .with_scene_seconds(10)
            .with_scenes_slowed(60);
        assert!(config.scenes.iter().all(|scene| scene.seconds == 600));
        assert_eq!(config.scenes[0].kind, SceneKind::Now);
        let unchanged = ScreenConfig::default().with_scenes_slowed(0);
        assert_eq!(unchanged, ScreenConfig::default());
    }
}
