"""The skill-gap map: topics of what mentees want to learn against what mentors can teach."""
