-- Run by the compose PostgreSQL on its first start: the database danvan serves the published marts from
-- (danvan.serve creates the read-only role and the schema), and Superset's metadata database.
create database danvan;
create database superset;
