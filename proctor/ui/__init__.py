"""Qt parts both apps share: the asyncio bridge, the code editor, the style, Ctrl+C handling.
May import `proctor.common`; never a host or student module."""
