"""气象指数保险: the insurance quote dialog."""
