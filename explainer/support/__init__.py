"""What the build stages share: files kept between builds, work in other processes."""
