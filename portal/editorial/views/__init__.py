"""The editorial workspace's views, one blueprint per module."""
