"""The dashboard's widgets. They call `service.DashboardService` and react to its signals;
they never do I/O themselves."""
