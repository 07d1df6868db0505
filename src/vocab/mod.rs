//! The vocabulary every layer speaks: calendar months as integers, the benefit groups
//! with their codes and spell rule, and work hours as exact hundredths.

pub mod group;
pub mod hours;
pub mod month;
