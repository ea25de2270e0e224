"""Parts of the lecture mode: the camera that frames each step, the op chapters."""
