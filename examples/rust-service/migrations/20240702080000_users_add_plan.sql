SET lock_timeout = '3s';
ALTER TABLE users ADD COLUMN plan text NOT NULL;
