//! The query string of a request, decoded once, with the lookups the handlers need.

/// Decoded `name=value` pairs in request order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    /// Decodes a raw query string (`a=1&b=%20`).
    pub(crate) fn parse(raw: &str) -> Query {
        Query(form_urlencoded::parse(raw.as_bytes()).into_owned().collect())
    }

    /// The first value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of `name` (for `role[]=a&role[]=b`).
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// A comma-separated list parameter (`ids=1,2,3`), empty items dropped.
    pub(crate) fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|value| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The pairs except those named, re-encoded, for building page links that keep the filters.
    pub(crate) fn encode_without(&self, dropped: &[&str], added: &[(&str, String)]) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.0 {
            if !dropped.contains(&key.as_str()) {
                serializer.append_pair(key, value);
            }
        }
        for (key, value) in added {
            serializer.append_pair(key, value);
        }
        serializer.finish()
    }
}
