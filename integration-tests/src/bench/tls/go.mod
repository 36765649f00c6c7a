module debugproxy.local/tlsbench

go 1.19
