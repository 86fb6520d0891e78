//! Runs the stages in order over inputs and pushes records into a sink.
