"""What the test packages share; a test module imports helpers from here, never from another
test module or a conftest.

- constants: the checkout's folders and the admin key of every test room
- waiting: `wait_until` (plain code) and `wait_until_async` (on a loop); Qt tests use
  pytest-qt's `qtbot.waitUntil`
- hosts: a real room server in this process: `running_host` on the test's loop (`AsyncHost`,
  fixture `async_host`) or `HostThread` on a loop thread of its own (fixture `host_thread`)
- headless: the server as a process of its own (`HeadlessHost`)
- api: the room's app under aiohttp's test client (fixtures `api`, `make_api`)
- session, student_ui, dashboard: student sessions, the student app and the dashboard on real
  widgets; engine: a room engine driven directly
- camera, listening, x11, widget_texts, e2e: pictures, listening servers, X11 windows, the
  texts of a widget tree, real processes end to end
"""
