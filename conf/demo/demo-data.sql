-- The demo data set of docs/API.md section 8. Every demo password is demo-pass-2026 (hash made with
-- PasswordHasher's main; a database loaded before keeps its older pbkdf2-sha512$ hash, which still
-- verifies). Safe to run again: records are inserted once, and the appointment times are moved to the
-- current start-up date, computed in America/Chicago.

INSERT INTO businesses (id, name, timezone) VALUES
  ('b0000000-0000-4000-8000-000000000001', 'Plano Demo Clinic', 'America/Chicago')
ON CONFLICT (id) DO NOTHING;

INSERT INTO users (id, email, password_hash, first_name, last_name) VALUES
  ('10000000-0000-4000-8000-000000000001', 'clara.client@demo.test',
   '$pbkdf2$it=210000$nKvlzUYszvJ/qlGciq3+WQ$u714lSWHYX12bz3dKVQmxcqvZ9MKb+tGzuoPOxK/MAYlE2EPNysh0AjMJpvUNCzL7sSu62iXMIt7oQZpdkpYOg',
   'Clara', 'Client'),
  ('10000000-0000-4000-8000-000000000002', 'colin.client@demo.test',
   '$pbkdf2$it=210000$nKvlzUYszvJ/qlGciq3+WQ$u714lSWHYX12bz3dKVQmxcqvZ9MKb+tGzuoPOxK/MAYlE2EPNysh0AjMJpvUNCzL7sSu62iXMIt7oQZpdkpYOg',
   'Colin', 'Client'),
  ('10000000-0000-4000-8000-000000000003', 'erin.employee@demo.test',
   '$pbkdf2$it=210000$nKvlzUYszvJ/qlGciq3+WQ$u714lSWHYX12bz3dKVQmxcqvZ9MKb+tGzuoPOxK/MAYlE2EPNysh0AjMJpvUNCzL7sSu62iXMIt7oQZpdkpYOg',
   'Erin', 'Employee'),
  ('10000000-0000-4000-8000-000000000004', 'liam.liaison@demo.test',
   '$pbkdf2$it=210000$nKvlzUYszvJ/qlGciq3+WQ$u714lSWHYX12bz3dKVQmxcqvZ9MKb+tGzuoPOxK/MAYlE2EPNysh0AjMJpvUNCzL7sSu62iXMIt7oQZpdkpYOg',
   'Liam', 'Liaison'),
  ('10000000-0000-4000-8000-000000000005', 'nora.norole@demo.test',
   '$pbkdf2$it=210000$nKvlzUYszvJ/qlGciq3+WQ$u714lSWHYX12bz3dKVQmxcqvZ9MKb+tGzuoPOxK/MAYlE2EPNysh0AjMJpvUNCzL7sSu62iXMIt7oQZpdkpYOg',
   'Nora', 'Norole')
ON CONFLICT (id) DO NOTHING;

INSERT INTO clients (id, user_id, first_name, last_name, email, phone) VALUES
  ('c0000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'Clara', 'Client',
   'clara.client@demo.test', '+1 972 555 0101'),
  ('c0000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 'Colin', 'Client',
   'colin.client@demo.test', '+1 972 555 0102')
ON CONFLICT (id) DO NOTHING;

INSERT INTO employees (id, user_id, business_id, first_name, last_name) VALUES
  ('e0000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000003',
   'b0000000-0000-4000-8000-000000000001', 'Erin', 'Employee')
ON CONFLICT (id) DO NOTHING;

INSERT INTO liaisons (id, user_id) VALUES
  ('d0000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000004')
ON CONFLICT (id) DO NOTHING;

INSERT INTO liaison_clients (liaison_id, client_id) VALUES
  ('d0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001')
ON CONFLICT DO NOTHING;

WITH today AS (SELECT (now() AT TIME ZONE 'America/Chicago')::date AS d)
INSERT INTO appointments (id, business_id, client_id, employee_id, service_name, status, starts_at,
                          duration_minutes, timezone, location_name, location_address, notes,
                          reminder_email, reminder_sms, reminder_minutes_before)
SELECT v.id::uuid, 'b0000000-0000-4000-8000-000000000001', v.client_id::uuid,
       'e0000000-0000-4000-8000-000000000001', v.service_name, v.status,
       ((today.d + v.day_offset) + v.local_time::time) AT TIME ZONE 'America/Chicago',
       v.duration, 'America/Chicago', 'Plano Demo Clinic', '5800 Legacy Dr, Plano, TX 75024', v.notes,
       v.reminder_email, false, v.minutes_before
FROM today, (VALUES
  ('a0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'Initial Consultation',
   'scheduled', 2, '14:30', 45, NULL, true, 60),
  ('a0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000002', 'Follow-up Visit',
   'cancelled', 3, '09:00', 30, NULL, false, NULL),
  ('a0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000001', 'Physical Therapy Session',
   'completed', -10, '11:00', 60, 'Follow-up in six weeks.', false, NULL)
) AS v(id, client_id, service_name, status, day_offset, local_time, duration, notes, reminder_email,
       minutes_before)
ON CONFLICT (id) DO UPDATE SET starts_at = EXCLUDED.starts_at, updated_at = now();
