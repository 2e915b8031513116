# The browser app's own words: page chrome, controls, panels, notices.
