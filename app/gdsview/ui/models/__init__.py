"""Qt item models over core snapshots, updated in place so selection and scrolling survive."""
