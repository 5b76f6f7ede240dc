//! Line and column of every node of a YAML (or JSON) spec, keyed by JSON pointer,
//! so diagnostics can say where in the file a problem is. Only used when something
//! is reported; a spec that generates cleanly is never parsed twice.

use crate::diagnostics::escape_segment;
use std::collections::BTreeMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A container being walked, with the pointer of the next child.
enum Frame {
    Mapping { pointer: String, key: Option<String> },
    Sequence { pointer: String, next: usize },
}

#[derive(Default)]
struct Index {
    stack: Vec<Frame>,
    positions: BTreeMap<String, (usize, usize)>,
}

impl Index {
    /// The pointer of the node that starts now, or `None` when it is a mapping key.
    fn next_node_pointer(&mut self, event: &Event) -> Option<String> {
        match self.stack.last_mut() {
            None => Some("#".to_string()),
            Some(Frame::Sequence { pointer, next }) => {
                let child = format!("{pointer}/{next}");
                *next += 1;
                Some(child)
            }
            Some(Frame::Mapping { pointer, key }) => match key.take() {
                Some(key) => Some(format!("{pointer}/{}", escape_segment(&key))),
                None => {
                    // A key: remember it; the value that follows is the child.
                    if let Event::Scalar(text, ..) = event {
                        *key = Some(text.clone());
                    }
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Index {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        match &event {
            Event::Scalar(..) | Event::Alias(_) | Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }));
                let pointer = self.next_node_pointer(&event);
                if is_key {
                    // Report a property at its key, which is where a reader looks for it.
                    if let (
                        Some(Frame::Mapping {
                            pointer: parent,
                            key: Some(key),
                        }),
                        Event::Scalar(..),
                    ) = (self.stack.last(), &event)
                    {
                        let child = format!("{parent}/{}", escape_segment(key));
                        self.positions.entry(child).or_insert(position);
                    }
                    return;
                }
                let Some(pointer) = pointer else { return };
                self.positions.entry(pointer.clone()).or_insert(position);
                match event {
                    Event::MappingStart(..) => self.stack.push(Frame::Mapping { pointer, key: None }),
                    Event::SequenceStart(..) => self.stack.push(Frame::Sequence { pointer, next: 0 }),
                    _ => {}
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// Line and column (1-based) of every node, by JSON pointer. Empty when the text
/// does not parse (the load stage reports that with its own position).
pub fn index(text: &str) -> BTreeMap<String, (usize, usize)> {
    let mut receiver = Index::default();
    let mut parser = Parser::new_from_str(text);
    if parser.load(&mut receiver, false).is_err() {
        return BTreeMap::new();
    }
    receiver.positions
}

/// The position of `pointer`, or of its nearest ancestor that has one.
pub fn locate(positions: &BTreeMap<String, (usize, usize)>, pointer: &str) -> Option<(usize, usize)> {
    let mut current = pointer;
    loop {
        if let Some(position) = positions.get(current) {
            return Some(*position);
        }
        current = &current[..current.rfind('/')?];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_items_have_their_lines() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n        - name: x\n        - {name: y, in: query}\n";
        let positions = index(text);
        assert_eq!(positions.get("#/paths/~1a/get").map(|p| p.0), Some(4));
        assert_eq!(positions.get("#/paths/~1a/get/parameters/1").map(|p| p.0), Some(7));
        assert_eq!(
            locate(&positions, "#/paths/~1a/get/parameters/1/in/deeper").map(|p| p.0),
            Some(7)
        );
    }
}
