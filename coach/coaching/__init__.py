"""Coaching: the rule language, loading and storing rules, measurements, reps, holds, the engine."""
