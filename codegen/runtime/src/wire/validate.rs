//! Client-side checks the generator emits before sending, from the spec's
//! `minItems`, `maxItems`, `minimum` and `maximum`. Failing early gives a
//! message naming the argument instead of a 400 from Zendesk, and spends no
//! rate limit.

use crate::error::Error;

/// Fails when a list argument has more than `max` items.
pub fn check_max_items(operation: &'static str, argument: &str, actual: usize, max: usize) -> Result<(), Error> {
    if actual > max {
        return Err(invalid(
            operation,
            argument,
            format!("has {actual} items but at most {max} are allowed"),
        ));
    }
    Ok(())
}

/// Fails when a list argument has fewer than `min` items.
pub fn check_min_items(operation: &'static str, argument: &str, actual: usize, min: usize) -> Result<(), Error> {
    if actual < min {
        return Err(invalid(
            operation,
            argument,
            format!("has {actual} items but at least {min} are required"),
        ));
    }
    Ok(())
}

/// Fails when a number argument is below `min` (or is not a number at all).
pub fn check_minimum(operation: &'static str, argument: &str, actual: f64, min: f64) -> Result<(), Error> {
    if actual.is_nan() || actual < min {
        return Err(invalid(
            operation,
            argument,
            format!("is {actual} but must be at least {min}"),
        ));
    }
    Ok(())
}

/// Fails when a number argument is above `max` (or is not a number at all).
pub fn check_maximum(operation: &'static str, argument: &str, actual: f64, max: f64) -> Result<(), Error> {
    if actual.is_nan() || actual > max {
        return Err(invalid(
            operation,
            argument,
            format!("is {actual} but must be at most {max}"),
        ));
    }
    Ok(())
}

fn invalid(operation: &'static str, argument: &str, reason: String) -> Error {
    Error::InvalidRequest {
        operation,
        argument: argument.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_nan_fails() {
        assert!(check_maximum("Op", "n", 100.0, 100.0).is_ok());
        assert!(check_maximum("Op", "n", 101.0, 100.0).is_err());
        assert!(check_minimum("Op", "n", 1.0, 1.0).is_ok());
        assert!(check_minimum("Op", "n", f64::NAN, 1.0).is_err());
        assert!(check_max_items("Op", "ids", 100, 100).is_ok());
        assert!(check_min_items("Op", "ids", 0, 1).is_err());
        let message = check_maximum("ListUsers", "page_size", 200.0, 100.0).map_err(|e| e.to_string());
        assert_eq!(
            message,
            Err("invalid request to ListUsers: `page_size` is 200 but must be at most 100; nothing was sent, fix the argument and retry".to_string())
        );
    }
}
