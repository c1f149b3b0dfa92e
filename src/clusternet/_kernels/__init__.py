"""Hot loops on CSR arrays: pure functions of numpy arrays, no pandas."""
