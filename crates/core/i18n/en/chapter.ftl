# Chapters: the phases a run is cut into (crates/core/src/chapter.rs).
chapter-control-plane = API server and scheduler
chapter-kubelet = The kubelet takes the pod
chapter-sandbox = The pod sandbox
chapter-image = The image
chapter-container = The container is created
chapter-start = The container starts
chapter-exec = A process in the container
chapter-stop = Stopping
chapter-remove = Removing
chapter-exit = A process exits
