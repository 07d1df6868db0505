//! The vocabulary every layer speaks: calendar months as integers, the benefit groups
//! with their codes and spell rule, work hours as exact hundredths, the text people give
//! that fokus shows again, and lists of monthly shares in percent as people type them.

pub mod group;
pub mod hours;
pub mod label;
pub mod month;
pub mod percent;
