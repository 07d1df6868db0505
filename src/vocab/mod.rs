//! The vocabulary every layer speaks: calendar months as integers, the benefit groups
//! with their codes and spell rule, work hours as exact hundredths, and the text people
//! give that fokus shows again.

pub mod group;
pub mod hours;
pub mod label;
pub mod month;
