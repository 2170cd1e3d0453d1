"""Vision: frames from cameras and files, pose estimation, landmarks, angles, smoothing, drawing."""
