//! Shared helpers of the workshop examples (command-line flags, reproducible random
//! numbers). Each example is one file beside this one.

#![warn(missing_docs)]
