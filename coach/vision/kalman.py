"""Many independent 1-D linear Kalman filters of one motion model, stepped together with numpy.

Each coordinate (a landmark's pixel x, say) is a 1-D track whose state is its position and its
first `order - 1` time derivatives: order 2 is constant velocity (position, velocity), order 3
constant acceleration (position, velocity, acceleration). All coordinates share the time step and
the transition F; each has its own measurement variance r, process-noise scale q and covariance
P. Process noise is filterpy's piecewise white noise on the highest derivative
(`Q_discrete_white_noise(order, dt, q)`, in closed form), the measurement is the position
(H = [1, 0, ...]), and the update uses the Joseph form, as filterpy's `KalmanFilter` does, so
the numbers are filterpy's (tests/core/test_smoothing.py checks them to 1e-9) at a fraction of
the cost: a few array operations per step for all 198 coordinates of a person instead of 198
Python objects.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from coach.vision.landmarks import FloatArray


def transition(order: int, dt_s: float, velocity_decay_s: float = math.inf) -> FloatArray:
    """The state transition over dt_s seconds for a motion model of `order` (2 or 3).

    Order 2 with a finite `velocity_decay_s` (tau) lets the velocity fade towards zero with that
    time constant, as a limb's does when a movement ends or turns (a Singer-style model):
    F = [[1, tau (1 - d)], [0, d]] with d = exp(-dt / tau); tau = inf is constant velocity.
    Order 3 is the constant-acceleration model, F = [[1, dt, dt^2/2], [0, 1, dt], [0, 0, 1]].
    """
    if order == 2:
        decay = math.exp(-dt_s / velocity_decay_s)
        reach = dt_s if math.isinf(velocity_decay_s) else velocity_decay_s * (1 - decay)
        return np.array([[1.0, reach], [0.0, decay]])
    if order == 3:
        return np.array([[1.0, dt_s, 0.5 * dt_s * dt_s], [0.0, 1.0, dt_s], [0.0, 0.0, 1.0]])
    raise ValueError(f"motion model order must be 2 or 3, got {order}")


def unit_process_noise(order: int, dt_s: float) -> FloatArray:
    """filterpy's `Q_discrete_white_noise(order, dt_s, 1.0)`, in closed form (filterpy builds it
    with scipy's block_diag, 3 ms a call): piecewise white noise on the highest derivative,
    Q = G G' with G = [dt^2 / 2, dt] (order 2) or [dt^2 / 2, dt, 1] (order 3)."""
    g = np.array([0.5 * dt_s * dt_s, dt_s, 1.0][:order])
    q: FloatArray = g[:, None] * g[None, :]
    return q


class BatchKalman:
    """N 1-D Kalman filters of one order: state x (order, N), covariance P (order, order, N).

    The coordinate axis is last so that every matrix product is one small matrix times a long
    contiguous block (a 2-D `matmul`), whatever N is."""

    def __init__(
        self,
        position: FloatArray,
        position_var: FloatArray,
        derivative_vars: Sequence[FloatArray | float],
    ) -> None:
        """Start at `position` (N,) with variance `position_var` (N,); the derivatives start at 0
        with the variances `derivative_vars` (one per derivative, in squared units per s^k, for
        all coordinates or (N,) each)."""
        self.order = 1 + len(derivative_vars)
        n = position.shape[0]
        self.x = np.zeros((self.order, n))
        self.x[0] = position
        self.P = np.zeros((self.order, self.order, n))
        self.P[0, 0] = position_var
        for k, var in enumerate(derivative_vars, start=1):
            self.P[k, k] = var
        self._key = (-1.0, math.nan)
        self._F = np.eye(self.order)
        self._Q = np.zeros((self.order, self.order))
        # The state and covariance before the last predict, and the predicted covariance: what a
        # one-step fixed-lag (RTS) smoother needs.
        self.prior_x = self.x
        self.prior_P = self.P
        self.predicted_P = self.P

    @property
    def position(self) -> FloatArray:
        """(N,) current position estimates."""
        position: FloatArray = self.x[0]
        return position

    def _apply_f(self, m: FloatArray) -> FloatArray:
        """F m for m (order, ..., N): F times the leading axis, as one 2-D matrix product."""
        return (self._F @ m.reshape(self.order, -1)).reshape(m.shape)

    def predict(self, dt_s: float, q: FloatArray, velocity_decay_s: float = math.inf) -> None:
        """Advance by dt_s seconds; q (N,) is each coordinate's white-noise variance on the
        highest derivative (filterpy's `var`)."""
        key = (dt_s, velocity_decay_s)
        if key != self._key:
            self._F = transition(self.order, dt_s, velocity_decay_s)
            self._Q = unit_process_noise(self.order, dt_s)
            self._key = key
        self.prior_x, self.prior_P = self.x, self.P
        self.x = self._apply_f(self.x)  # x = F x
        # P = F P F' + q Q: F applied to the rows, then to the columns
        fp = self._apply_f(self.P)
        fpf = self._apply_f(np.ascontiguousarray(fp.transpose(1, 0, 2))).transpose(1, 0, 2)
        self.P = fpf + self._Q[:, :, None] * q
        self.predicted_P = self.P

    def innovation(self, z: FloatArray, r: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(residual z - H x, its variance H P H' + r), both (N,), before an update."""
        return z - self.x[0], self.P[0, 0] + r

    def add_process_noise(self, q: FloatArray) -> None:
        """Add q (N,) times the last step's unit process noise to the predicted covariance: the
        prediction was worse than the model assumed (adaptive process noise)."""
        self.P = self.P + self._Q[:, :, None] * q
        self.predicted_P = self.P

    def update(self, z: FloatArray, r: FloatArray) -> None:
        """Correct with measurements z (N,) of the positions, each with variance r (N,)."""
        residual, s = self.innovation(z, r)
        gain = self.P[:, 0] / s  # K = P H' / S, (order, N)
        self.x = self.x + gain * residual
        # Joseph form, as filterpy: P = (I - K H) P (I - K H)' + K R K'. With H = [1, 0, ...],
        # (I - K H) M = M - K M[0] (row 0 of M, scaled by K, off every row) and on the right
        # M (I - K H)' = M - M[:, 0] K'.
        m = self.P - gain[:, None] * self.P[0][None]
        m = m - m[:, 0][:, None] * gain[None]
        self.P = m + gain[:, None] * gain[None] * r

    def smoothed_previous(self) -> FloatArray:
        """(N,) the previous step's position smoothed with the newest measurement: one step of
        the Rauch-Tung-Striebel backward pass (a fixed-lag smoother with a lag of one step).

        x_s(t-1) = x(t-1) + C (x(t) - F x(t-1)), C = P(t-1) F' P_pred(t)^-1."""
        # C' = P_pred^-1 F P(t-1) (both P symmetric), solved rather than inverted, per
        # coordinate; the position row of C is the first column of C'.
        predicted = self.predicted_P.transpose(2, 0, 1)  # (N, order, order)
        fp = self._apply_f(self.prior_P).transpose(2, 0, 1)
        c_t = np.linalg.solve(predicted, fp[:, :, :1])[:, :, 0]  # (N, order)
        correction = self.x - self._apply_f(self.prior_x)  # (order, N)
        smoothed: FloatArray = self.prior_x[0] + np.einsum("nj,jn->n", c_t, correction)
        return smoothed
