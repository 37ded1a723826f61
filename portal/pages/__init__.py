"""The pages people read: home, materials, guides, trainings, services, the sitemap."""
